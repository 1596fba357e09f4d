import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import dev.herald.store.jdbc.TagMask;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Bench loader: writes N Bindings straight into a migrated Herald database (SQLite or PostgreSQL), with the rows
 * Herald itself would write (bindings, binding_tags with their {@link TagMask}, binding_identities). Run with
 * Herald's jar on the class path:
 *
 * <pre>java -cp target/herald.jar bench/Loader.java JDBC_URL ACCOUNT_SID SERVICES(comma) N OUT_DIR</pre>
 *
 * Data: Services round-robin per identity pair, ~2 Bindings per Identity, types apn 45% / fcm 45% / sms 10%,
 * 1–5 tags a Binding from tag-0..tag-999 with a skew (tag-0 is on ~10% of Bindings, tag-999 on ~0.05%), dates
 * three seconds apart. OUT_DIR receives sids.txt (10,000 random Binding SIDs of the first Service) and
 * sample.txt (an identity and two co-occurring tags to query). Not a test: a tool for bench/scale.sh and
 * bench/notify.sh.
 *
 * <p>Options (system properties, for bench/notify.sh): {@code -Dloader.types=apn|fcm|sms} gives every Binding
 * that type instead of the mix; {@code -Dloader.groupSize=G} adds the tag {@code group-<i / G>} to Binding i, so
 * each run of G consecutive Bindings (of a Service, with one Service) shares a tag of its own.
 */
public final class Loader {
    private static final String[] TYPES = {"apn", "fcm", "sms"};
    private static final long START = 1_700_000_000L;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String account = args[1];
        String[] services = args[2].split(",");
        long n = Long.parseLong(args[3]);
        Path out = Path.of(args[4]);
        String onlyType = System.getProperty("loader.types", "mix");
        if (!onlyType.equals("mix") && !List.of(TYPES).contains(onlyType)) {
            throw new IllegalArgumentException("loader.types: mix, apn, fcm or sms, not " + onlyType);
        }
        long groupSize = Long.getLong("loader.groupSize", 0L);
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            boolean postgres = url.startsWith("jdbc:postgresql:");
            if (!postgres) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA synchronous = OFF");
                    s.execute("PRAGMA cache_size = -1000000");
                }
            }
            c.setAutoCommit(false);
            Sink sink = postgres ? new CopySink(c) : new BatchSink(c);
            Random random = new Random(42);
            HexFormat hex = HexFormat.of();
            List<String> sample = new ArrayList<>();
            byte[] bytes = new byte[16];
            for (long i = 0; i < n; i++) {
                int serviceIndex = (int) ((i / 2) % services.length);
                String service = services[serviceIndex];
                random.nextBytes(bytes);
                String sid = "BS" + hex.formatHex(bytes);
                String identity = "user-" + (i / 2);
                int typeSlot = (int) ((i / (2L * services.length)) % 20); // cycles within each Service's rows
                String type = onlyType.equals("mix") ? TYPES[typeSlot < 9 ? 0 : typeSlot < 18 ? 1 : 2] : onlyType;
                String address = switch (type) {
                    case "apn" -> hex.formatHex(bytes) + hex.formatHex(bytes);
                    case "fcm" -> "fcm:" + sid + ":APA91b" + hex.formatHex(bytes).repeat(3);
                    default -> "+1" + (2_000_000_000L + i);
                };
                Set<String> tags = new LinkedHashSet<>();
                int count = 1 + random.nextInt(5);
                while (tags.size() < count) {
                    double u = random.nextDouble();
                    tags.add("tag-" + (int) (1000 * u * u));
                }
                if (groupSize > 0) {
                    tags.add("group-" + (i / groupSize));
                }
                long created = START + i * 3;
                sink.binding(sid, service, account, identity, type, address, tags,
                        type.equals("sms") ? null : "3", created);
                long mask = TagMask.of(tags);
                for (String tag : tags) {
                    sink.tag(service, tag, created, sid, mask);
                }
                if (i % 2 == 1 || i == n - 1) {
                    sink.identity(service, identity, i % 2 == 1 ? 2 : 1);
                }
                if (serviceIndex == 0 && random.nextInt(Math.max(1, (int) (n / services.length / 10_000))) == 0) {
                    sample.add(sid);
                }
                if (i % 100_000 == 99_999) {
                    sink.flush();
                    c.commit();
                    if (i % 1_000_000 == 999_999) {
                        System.err.printf("%,d Bindings in %.0f s%n", i + 1, (System.nanoTime() - t0) / 1e9);
                    }
                }
            }
            sink.flush();
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            Files.write(out.resolve("sids.txt"), sample);
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("sample.txt")))) {
                w.println("identity=user-" + services.length * (n / 2 / services.length / 2));
                w.println("tag1=tag-0");
                w.println("tag2=tag-1");
            }
        }
        System.err.printf("Loaded %,d Bindings in %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
    }

    interface Sink {
        void binding(String sid, String service, String account, String identity, String type, String address,
                     Set<String> tags, String version, long created) throws SQLException, IOException;

        void tag(String service, String tag, long created, String sid, long mask) throws SQLException, IOException;

        void identity(String service, String identity, int count) throws SQLException, IOException;

        void flush() throws SQLException, IOException;
    }

    static String json(Set<String> tags) {
        StringBuilder b = new StringBuilder("[");
        for (String tag : tags) {
            b.append(b.length() > 1 ? "," : "").append('"').append(tag).append('"');
        }
        return b.append(']').toString();
    }

    /** SQLite: prepared statements, executed in batches. */
    static final class BatchSink implements Sink {
        private final PreparedStatement bindings;
        private final PreparedStatement tags;
        private final PreparedStatement identities;

        BatchSink(Connection c) throws SQLException {
            bindings = c.prepareStatement("INSERT INTO bindings (sid, service_sid, account_sid, credential_sid, identity,"
                    + " binding_type, address, tags, notification_protocol_version, endpoint, date_created, date_updated)"
                    + " VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?)");
            tags = c.prepareStatement("INSERT INTO binding_tags (service_sid, tag, date_created, binding_sid, tag_mask) "
                    + "VALUES (?, ?, ?, ?, ?)");
            identities = c.prepareStatement("INSERT INTO binding_identities (service_sid, identity, bindings) VALUES (?, ?, ?)");
        }

        @Override
        public void binding(String sid, String service, String account, String identity, String type, String address,
                            Set<String> tagSet, String version, long created) throws SQLException {
            bindings.setString(1, sid);
            bindings.setString(2, service);
            bindings.setString(3, account);
            bindings.setString(4, identity);
            bindings.setString(5, type);
            bindings.setString(6, address);
            bindings.setString(7, json(tagSet));
            bindings.setString(8, version);
            bindings.setLong(9, created);
            bindings.setLong(10, created);
            bindings.addBatch();
        }

        @Override
        public void tag(String service, String tag, long created, String sid, long mask) throws SQLException {
            tags.setString(1, service);
            tags.setString(2, tag);
            tags.setLong(3, created);
            tags.setString(4, sid);
            tags.setLong(5, mask);
            tags.addBatch();
        }

        @Override
        public void identity(String service, String identity, int count) throws SQLException {
            identities.setString(1, service);
            identities.setString(2, identity);
            identities.setInt(3, count);
            identities.addBatch();
        }

        @Override
        public void flush() throws SQLException {
            bindings.executeBatch();
            tags.executeBatch();
            identities.executeBatch();
        }
    }

    /** PostgreSQL: COPY in CSV. */
    static final class CopySink implements Sink {
        private final CopyManager copy;
        private final StringBuilder bindings = new StringBuilder();
        private final StringBuilder tags = new StringBuilder();
        private final StringBuilder identities = new StringBuilder();

        CopySink(Connection c) throws SQLException {
            copy = new CopyManager(c.unwrap(BaseConnection.class));
        }

        private static String csv(String value) {
            return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
        }

        @Override
        public void binding(String sid, String service, String account, String identity, String type, String address,
                            Set<String> tagSet, String version, long created) {
            bindings.append(sid).append(',').append(service).append(',').append(account).append(",,")
                    .append(csv(identity)).append(',').append(type).append(',').append(csv(address)).append(',')
                    .append(csv(json(tagSet))).append(',').append(version == null ? "" : version).append(",,")
                    .append(created).append(',').append(created).append('\n');
        }

        @Override
        public void tag(String service, String tag, long created, String sid, long mask) {
            tags.append(service).append(',').append(csv(tag)).append(',').append(created).append(',').append(sid)
                    .append(',').append(mask).append('\n');
        }

        @Override
        public void identity(String service, String identity, int count) {
            identities.append(service).append(',').append(csv(identity)).append(',').append(count).append('\n');
        }

        @Override
        public void flush() throws SQLException, IOException {
            copy.copyIn("COPY bindings (sid, service_sid, account_sid, credential_sid, identity, binding_type, address,"
                    + " tags, notification_protocol_version, endpoint, date_created, date_updated) FROM STDIN WITH (FORMAT csv)",
                    new StringReader(bindings.toString()));
            copy.copyIn("COPY binding_tags (service_sid, tag, date_created, binding_sid, tag_mask) FROM STDIN WITH (FORMAT csv)",
                    new StringReader(tags.toString()));
            copy.copyIn("COPY binding_identities (service_sid, identity, bindings) FROM STDIN WITH (FORMAT csv)",
                    new StringReader(identities.toString()));
            bindings.setLength(0);
            tags.setLength(0);
            identities.setLength(0);
        }
    }
}
