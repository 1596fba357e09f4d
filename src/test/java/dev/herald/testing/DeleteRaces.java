package dev.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.RawHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Deletes racing the writes that refer to what they delete, provoked for real: in each round a delete and a dozen
 * writes naming its target are released together ({@link Races}), spread over the given nodes, and rounds repeat
 * until both orders have occurred (the writes' target gone first, and a write first). Every reply must be one
 * Notify gives without a race (never a 5xx), and the database must stay consistent ({@link DatabaseAudit}).
 * Shared by the single-node test (either engine) and the two-node one (PostgreSQL).
 */
public final class DeleteRaces {
    private static final int MIN_ROUNDS = 4;
    private static final int MAX_ROUNDS = 100; // on a loaded machine one order may take many rounds to occur
    private static final int WRITES = 10;

    private final List<RawHttp> nodes;
    private final Fixtures fixture;
    private final DatabaseAudit audit;

    /** Races requests spread over {@code nodes} (one, or several on one database) and audits {@code audit}. */
    public DeleteRaces(List<RawHttp> nodes, DatabaseAudit audit) {
        this.nodes = List.copyOf(nodes);
        this.fixture = new Fixtures(nodes.get(0));
        this.audit = audit;
    }

    /** Binding creates racing the delete of their Service: 201 or 404, and no Binding outlives its Service. */
    public void bindingCreatesRacingTheirServicesDelete() throws Exception {
        Tally tally = new Tally();
        for (int round = 0; tally.rounds(round); round++) {
            String service = fixture.service();
            List<Callable<Reply>> tasks = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                String form = RawHttp.form("Identity", "racer-" + i % 3, "BindingType", "fcm", "Address", "dev-" + i);
                RawHttp node = node(i);
                tasks.add(() -> node.post("/v1/Services/" + service + "/Bindings", form));
            }
            RawHttp deleter = node(round);
            int at = round % (WRITES + 1);
            tasks.add(at, () -> deleter.delete("/v1/Services/" + service));
            List<Reply> replies = Races.race(tasks);
            Reply delete = replies.remove(at);
            tally.add("Service delete", delete, delete.status() == 204);
            for (Reply create : replies) {
                tally.add("Binding create", create, create.status() == 201
                        || isError(create, 404, 20404, "/Services/" + service + "/Bindings"));
                tally.orders(create.status() == 201, create.status() == 404);
            }
            tally.check("Bindings left of deleted Service " + service, audit.bindingsOf(service));
            tally.audit(audit);
        }
        tally.assertClean();
    }

    /**
     * Binding creates naming a Credential racing its delete: a create is 201 or the 400 of a Credential that does
     * not exist; the delete is 204 exactly when no create succeeded, else 409.
     */
    public void bindingCreatesRacingTheirCredentialsDelete() throws Exception {
        Tally tally = new Tally();
        for (int round = 0; tally.rounds(round); round++) {
            String service = fixture.service();
            String credential = fixture.credential("apn");
            List<Write> writes = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                String form = RawHttp.form("Identity", "racer-" + i, "BindingType", "apn", "Address", "dev-" + i,
                        "CredentialSid", credential);
                RawHttp node = node(i);
                writes.add(new Write(() -> node.post("/v1/Services/" + service + "/Bindings", form), 201,
                        "CredentialSid"));
            }
            raceWithDelete(tally, round, credential, writes, parameter -> node(0).post("/v1/Services/" + service + "/Bindings", RawHttp.form("Identity", "late",
                            "BindingType", "apn", "Address", "late", parameter, credential)));
        }
        tally.assertClean();
    }

    /**
     * Service creates and updates naming a Credential (as {@code FcmCredentialSid} or {@code GcmCredentialSid})
     * racing its delete: each write succeeds or is the 400 of a Credential that does not exist, naming its
     * parameter; the delete is 204 exactly when no write succeeded, else 409.
     */
    public void serviceWritesRacingTheirCredentialsDelete() throws Exception {
        Tally tally = new Tally();
        for (int round = 0; tally.rounds(round); round++) {
            String credential = fixture.credential("fcm");
            List<Write> writes = new ArrayList<>();
            for (int i = 0; i < WRITES; i++) {
                String parameter = i % 2 == 0 ? "FcmCredentialSid" : "GcmCredentialSid";
                String form = RawHttp.form(parameter, credential, "FriendlyName", "racer-" + i);
                boolean create = i < WRITES / 2;
                String path = create ? "/v1/Services" : "/v1/Services/" + fixture.service();
                RawHttp node = node(i);
                writes.add(new Write(() -> node.post(path, form), create ? 201 : 200, parameter));
            }
            raceWithDelete(tally, round, credential, writes, parameter -> node(0).post("/v1/Services", RawHttp.form(parameter, credential)));
        }
        tally.assertClean();
    }

    /** A request naming the Credential as {@code parameter}, answering {@code success} when it is stored. */
    private record Write(Callable<Reply> call, int success, String parameter) {
    }

    /**
     * Races {@code writes}, each naming {@code credential}, with the Credential's delete. A write succeeds or is refused exactly as {@code writeNaming} (the same write,
     * sent with a parameter's name once the Credential is gone) is refused; the delete answers 204 exactly when no
     * write succeeded, 409 otherwise.
     */
    private void raceWithDelete(Tally tally, int round, String credential, List<Write> writes,
                                Function<String, Reply> writeNaming) throws Exception {
        RawHttp deleter = node(round);
        int at = round % (writes.size() + 1);
        List<Callable<Reply>> tasks = new ArrayList<>();
        writes.forEach(write -> tasks.add(write.call()));
        tasks.add(at, () -> deleter.delete("/v1/Credentials/" + credential));
        List<Reply> replies = Races.race(tasks);
        Reply delete = replies.remove(at);
        int succeeded = 0;
        int refused = 0;
        for (int i = 0; i < replies.size(); i++) {
            Reply write = replies.get(i);
            boolean ok = write.status() == writes.get(i).success();
            boolean invalid = isError(write, 400, 20001, "Invalid parameter " + writes.get(i).parameter()
                    + ": Credential " + credential + " was not found");
            succeeded += ok ? 1 : 0;
            refused += invalid ? 1 : 0;
            tally.add("write naming the Credential", write, ok || invalid);
        }
        boolean deleted = delete.status() == 204;
        tally.add("Credential delete", delete, deleted || isError(delete, 409, 20409, credential));
        tally.orders(!deleted, deleted && refused > 0);
        if (deleted) {
            Map<String, String> refusals = new TreeMap<>();
            for (int i = 0; i < replies.size(); i++) {
                if (replies.get(i).status() != 400) {
                    continue;
                }
                String expected = refusals.computeIfAbsent(writes.get(i).parameter(),
                        parameter -> writeNaming.apply(parameter).body());
                if (!replies.get(i).body().equals(expected)) {
                    tally.inconsistent("a raced refusal reads " + replies.get(i).body() + ", not " + expected);
                }
            }
        }
        tally.check("Credential " + credential + " deleted though " + succeeded + " writes named it",
                deleted && succeeded > 0 ? 1 : 0);
        tally.check("Credential " + credential + " kept though no write named it", !deleted && succeeded == 0 ? 1 : 0);
        tally.check("references to Credential " + credential + " other than the " + succeeded + " successful writes",
                Math.abs(audit.referencesTo(credential) - succeeded));
        tally.audit(audit);
    }

    private RawHttp node(int i) {
        return nodes.get(i % nodes.size());
    }

    /** Whether {@code reply} is the Twilio error {@code status}/{@code code} whose message contains {@code text}. */
    static boolean isError(Reply reply, int status, int code, String text) {
        if (reply.status() != status) {
            return false;
        }
        JsonNode json;
        try {
            json = reply.json();
        } catch (AssertionError notJson) {
            return false;
        }
        return json != null && json.path("code").asInt() == code && json.path("status").asInt() == status
                && json.path("message").asText().contains(text);
    }

    /** What the rounds of one race saw: replies by kind and status, anything unexpected, which orders occurred. */
    private static final class Tally {
        private final Map<String, Integer> counts = new TreeMap<>();
        private final List<String> unexpected = new ArrayList<>();
        private boolean writeFirst;
        private boolean deleteFirst;
        private int rounds;

        /** Whether round {@code round} is to run: until both orders occurred, at least a few, at most many. */
        boolean rounds(int round) {
            rounds = round;
            return round < MIN_ROUNDS || round < MAX_ROUNDS && !(writeFirst && deleteFirst);
        }

        void add(String kind, Reply reply, boolean expected) {
            counts.merge(kind + " " + reply.status(), 1, Integer::sum);
            if (!expected && unexpected.size() < 20) {
                unexpected.add(kind + " answered " + reply.status() + " " + reply.body());
            }
        }

        void orders(boolean aWriteCameFirst, boolean theDeleteCameFirst) {
            writeFirst |= aWriteCameFirst;
            deleteFirst |= theDeleteCameFirst;
        }

        void check(String what, long rows) {
            if (rows != 0) {
                inconsistent(what + ": " + rows);
            }
        }

        void inconsistent(String what) {
            if (unexpected.size() < 20) {
                unexpected.add(what);
            }
        }

        void audit(DatabaseAudit audit) throws Exception {
            audit.orphans().forEach((what, rows) -> inconsistent(what + ": " + rows));
        }

        void assertClean() {
            assertThat(unexpected).as("unexpected replies or rows in %d rounds; replies by kind and status: %s",
                    rounds, counts).isEmpty();
            assertThat(writeFirst && deleteFirst).as("both orders occurred in %d rounds: a write first %s, the "
                    + "delete first %s; replies: %s", rounds, writeFirst, deleteFirst, counts).isTrue();
        }
    }
}
