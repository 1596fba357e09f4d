package dev.herald.store.jdbc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
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

    /** Probing further than this many times a sparser tag's span costs more than probing each of its rows. */
    static final int FAR = 8;

    /**
     * What a probe saw of a tag: its first {@code rows} rows (at most {@link #PROBE_ROWS}) and the span of
     * {@code date_created} they cover.
     */
    record Estimate(int rows, long span) {
        /** Higher is sparser: fewer rows than a probe beats any full probe; else the longer span is sparser. */
        long score() {
            return rows < PROBE_ROWS ? Long.MAX_VALUE - rows : span;
        }

        /**
         * Whether a list driven by this tag should look {@code other} up row by row rather than walk both tags
         * side by side: when this tag has few rows, or is far sparser.
         */
        boolean farSparserThan(Estimate other) {
            return rows < PROBE_ROWS || other.rows >= PROBE_ROWS && span >= FAR * Math.max(1, other.span);
        }
    }

    private record Known(Estimate estimate, long probedAt) {
    }

    private final ConcurrentHashMap<Key, Known> estimates = new ConcurrentHashMap<>();

    Estimate estimate(Handle h, String serviceSid, String tag) {
        return estimate(serviceSid, tag, System.nanoTime(), () -> probe(h, serviceSid, tag));
    }

    Estimate estimate(String serviceSid, String tag, long now, Supplier<Estimate> probe) {
        Key key = new Key(serviceSid, tag);
        Known known = estimates.get(key);
        if (known != null && now - known.probedAt() < TTL_NANOS) {
            return known.estimate();
        }
        Estimate estimate = probe.get();
        if (estimates.size() >= MAX_ENTRIES) {
            estimates.clear();
        }
        estimates.put(key, new Known(estimate, now));
        return estimate;
    }

    int size() {
        return estimates.size();
    }

    private static Estimate probe(Handle h, String serviceSid, String tag) {
        return h.createQuery("SELECT COUNT(*) AS n, MIN(date_created) AS first, MAX(date_created) AS edge FROM "
                        + "(SELECT date_created FROM binding_tags WHERE service_sid = :service AND tag = :tag "
                        + "ORDER BY date_created, binding_sid LIMIT " + PROBE_ROWS + ") probe")
                .bind("service", serviceSid).bind("tag", tag)
                .map((rs, ctx) -> new Estimate(rs.getInt("n"), rs.getLong("edge") - rs.getLong("first"))).one();
    }
}
