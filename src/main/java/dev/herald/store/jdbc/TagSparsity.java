package dev.herald.store.jdbc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;

/**
 * How sparse each tag of a Service is, for picking the tag that drives a list filtered by several tags. A probe
 * walks a tag's first {@link #PROBE_ROWS} rows in list order; the estimate is kept for {@link #TTL_NANOS} on this
 * node, so a busy list does not walk thousands of index entries per request. An estimate only chooses the plan:
 * a stale one can make a list slower, never different. Thread-safe.
 */
final class TagSparsity {
    /** How many rows of a tag a probe walks: enough to tell rare tags from common ones. */
    static final int PROBE_ROWS = 2_000;
    static final long TTL_NANOS = 60_000_000_000L;
    /** Past this many estimates the cache starts over (a bound on memory whatever the number of tags). */
    static final int MAX_ENTRIES = 10_000;

    private record Key(String serviceSid, String tag) {
    }

    private record Estimate(long score, long probedAt) {
    }

    private final ConcurrentHashMap<Key, Estimate> estimates = new ConcurrentHashMap<>();

    /**
     * The tag's sparsity score: higher is sparser. A tag with fewer rows than a probe scores above every tag
     * with more (fewer rows scoring higher); among the others, the longer the span of {@code date_created} that
     * their first {@link #PROBE_ROWS} rows cover, the sparser the tag.
     */
    long score(Handle h, String serviceSid, String tag) {
        return score(serviceSid, tag, System.nanoTime(), () -> probe(h, serviceSid, tag));
    }

    long score(String serviceSid, String tag, long now, LongSupplier probe) {
        Key key = new Key(serviceSid, tag);
        Estimate known = estimates.get(key);
        if (known != null && now - known.probedAt() < TTL_NANOS) {
            return known.score();
        }
        long score = probe.getAsLong();
        if (estimates.size() >= MAX_ENTRIES) {
            estimates.clear();
        }
        estimates.put(key, new Estimate(score, now));
        return score;
    }

    int size() {
        return estimates.size();
    }

    private static long probe(Handle h, String serviceSid, String tag) {
        return h.createQuery("SELECT COUNT(*) AS n, MIN(date_created) AS first, MAX(date_created) AS edge FROM "
                        + "(SELECT date_created FROM binding_tags WHERE service_sid = :service AND tag = :tag "
                        + "ORDER BY date_created, binding_sid LIMIT " + PROBE_ROWS + ") probe")
                .bind("service", serviceSid).bind("tag", tag)
                .map((rs, ctx) -> {
                    int n = rs.getInt("n");
                    return n < PROBE_ROWS ? Long.MAX_VALUE - n : rs.getLong("edge") - rs.getLong("first");
                }).one();
    }
}
