package dev.herald.domain;

import java.util.List;
import java.util.Optional;

/**
 * The delivery engine's view of the store: Notifications to expand into deliveries, deliveries to claim, and
 * their outcomes. Every method is durable on return ({@link #finish}: see {@link #unsettled}); thread-safe. Times
 * named {@code *Millis} are epoch milliseconds. Several nodes may share one queue (PostgreSQL): a claim or a lease
 * makes each piece of work one node's until its outcome or the lease's end, and the work of a node that died is
 * taken again.
 */
public interface DeliveryQueue {

    /** A Notification still expanding, leased to the caller, and where its expansion stands. */
    record Expansion(Notification notification, Position cursor) {
    }

    /**
     * Leases up to {@code limit} expanding Notifications whose lease has ended (oldest first) until {@code
     * nowMillis + leaseMillis}.
     */
    List<Expansion> leaseExpansions(long nowMillis, long leaseMillis, int limit);

    /**
     * What one chunk of a fan-out did: moved the cursor to {@code next} ({@code done}: no target is left), or
     * nothing at all ({@code moved}: another node had moved the cursor, and expanded that chunk).
     */
    record Chunk(boolean moved, Position next, boolean done) {
    }

    /**
     * Queues one delivery, due at once, for each of the next {@code size} Bindings of the Notification's Service
     * that {@code filter} selects after {@code from} in list order (none when {@code from} is null: from the
     * first), and moves the Notification's cursor past them, if the cursor still is at {@code from}; else nothing
     * changes and the answer says {@code moved}. When no target is left the expansion ends, else its lease is set
     * to {@code leaseUntilMillis} ({@code nowMillis} hands it back, behind the other expansions waiting). The
     * targets go from Bindings to deliveries inside the store, never through the caller.
     */
    Chunk expand(Notification notification, BindingFilter filter, Position from, int size, long nowMillis,
                 long leaseUntilMillis);

    /** One claimed delivery, leased to the caller; {@code attempt} is the number of the attempt it is for. */
    record Claimed(long id, String notificationSid, String bindingSid, BindingType bindingType, String identity,
                   String address, String credentialSid, String protocolVersion, int attempt) {
        @Override
        public String toString() {
            return "Claimed[id=" + id + ", notificationSid=" + notificationSid + "]";
        }
    }

    /**
     * Claims up to {@code limit} queued deliveries that are due, for the caller alone until {@code nowMillis +
     * leaseMillis} at the latest. Where several nodes share the store, the claim holds its rows until their outcomes
     * are in ({@link #holdsClaims}), or leases them in the rows when it is held longer than a moment; a node that
     * dies loses its claims, which are due again when their lease ends at the latest. Where one process owns it
     * (SQLite) the claim lives in that process. The attempt is counted with its outcome ({@link #finish}).
     * High-priority Notifications' deliveries come first; within a priority the Notifications with due work share
     * the claim evenly, those served longest ago first, so that one huge send does not hold back the others.
     */
    List<Claimed> claim(long nowMillis, long leaseMillis, int limit);

    /**
     * What became of one claimed delivery: a final {@code status}, or {@code QUEUED} to try again at {@code
     * dueMillis}. {@code deleteBinding} asks to delete its Binding as dead, unless the Binding was updated after
     * {@code invalidatedAtSeconds}. {@code callback}, when not null, is the delivery callback to queue with it.
     */
    record Result(long id, String notificationSid, DeliveryStatus status, long dueMillis, Integer errorCode,
                  String errorMessage, String providerMessageId, String request, boolean deleteBinding,
                  String serviceSid, String bindingSid, long invalidatedAtSeconds, Callback callback) {
        public Result(long id, String notificationSid, DeliveryStatus status, long dueMillis, Integer errorCode,
                      String errorMessage, String providerMessageId, String request, boolean deleteBinding,
                      String serviceSid, String bindingSid, long invalidatedAtSeconds) {
            this(id, notificationSid, status, dueMillis, errorCode, errorMessage, providerMessageId, request,
                    deleteBinding, serviceSid, bindingSid, invalidatedAtSeconds, null);
        }

        public Result withCallback(Callback c) {
            return new Result(id, notificationSid, status, dueMillis, errorCode, errorMessage, providerMessageId,
                    request, deleteBinding, serviceSid, bindingSid, invalidatedAtSeconds, c);
        }
    }

    /**
     * A delivery callback to send: {@code form} ({@link CallbackForm}) POSTed to {@code url} on behalf of {@code
     * accountSid}, about a delivery of Notification {@code notificationSid}. The form of a final outcome is null:
     * it is built from the delivery's row when the callback is sent. {@code toString} leaves out the URL and the
     * form, which hold an identity.
     */
    record Callback(String notificationSid, String accountSid, String url, String form) {
        @Override
        public String toString() {
            return "Callback[notificationSid=" + notificationSid + "]";
        }
    }

    /**
     * Records {@code results} and updates their Notifications' counts (a Notification with nothing queued left, fully
     * expanded, is done), and queues the callbacks of those it recorded (not of those another node had finished).
     * Where the store holds claims ({@link #holdsClaims}), the outcomes of a claim with attempts still under way
     * are durable only with the claim's last ({@link #unsettled} counts them).
     */
    void finish(List<Result> results, long nowMillis);

    /** Makes claimed deliveries due again at once, their attempt not counted: a node stopping hands them back. */
    void release(List<Claimed> claimed, long nowMillis);

    /**
     * How many fan-out chunks this store writes well at once: more than one where transactions write side by side
     * (PostgreSQL), one where a single writer takes them in turn (SQLite).
     */
    default int expansionWriters() {
        return 1;
    }

    /**
     * Whether a claim holds its deliveries until every one of them has an outcome, so that outcomes {@link #finish}
     * took may wait for the claim's last: the caller should then keep more than one claim under way.
     */
    default boolean holdsClaims() {
        return false;
    }

    /**
     * Outcomes {@link #finish} took and has not made durable yet (their claim's other attempts are under way, or
     * the claim is being committed): a crash repeats their attempts with those under way. Outcomes are durable once
     * this no longer counts them.
     */
    default int unsettled() {
        return 0;
    }

    /**
     * Called as a node's engine starts: where one process owns the store (SQLite), the leases it finds are those of
     * a process that no longer runs (it crashed), and are ended, their work claimable at once. Where several nodes
     * share it, nothing happens: leases end with time.
     */
    void recover();

    /** The Notification, whatever its account and Service. */
    Optional<Notification> notification(String sid);

    /** Deletes up to {@code limit} Notifications created before {@code beforeSeconds}, with their deliveries; answers how many. */
    int purge(long beforeSeconds, int limit);

    /** Deletes up to {@code limit} idempotency tokens stored before {@code beforeSeconds}; answers how many. */
    int purgeIdempotencyTokens(long beforeSeconds, int limit);
}
