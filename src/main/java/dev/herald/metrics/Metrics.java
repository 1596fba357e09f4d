package dev.herald.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One node's meters, scraped as Prometheus text by {@link #scrape}: the JVM's (memory, garbage collection, threads,
 * classes, CPU, uptime, file descriptors), the HTTP requests ({@link #request}: the timer {@code
 * herald_http_requests_seconds} by method, route template and status, with fixed histogram buckets), and whatever
 * the wiring registers as {@link #gauge gauges} and {@link #counter counters}. Thread-safe.
 */
public final class Metrics implements AutoCloseable {
    /** The request timer's histogram buckets (Prometheus {@code le}), from 5 ms to 10 s. */
    static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<RequestKey, Timer> timers = new ConcurrentHashMap<>();
    /** The counters' suppliers: Micrometer holds a function counter's state weakly only. */
    private final List<Supplier<Number>> totals = new CopyOnWriteArrayList<>();

    private record RequestKey(String method, String route, int status) {
    }

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /**
     * Records one answered request. {@code route} must be a route template ({@code
     * /v1/Services/{serviceSid}/Bindings}) or another name from a small fixed set, never a raw path: every value
     * is a series of its own.
     */
    public void request(String method, String route, int status, long nanos) {
        timers.computeIfAbsent(new RequestKey(method, route, status), key -> Timer.builder("herald.http.requests")
                .description("HTTP requests answered, by method, route template and status")
                .tags("method", key.method(), "route", key.route(), "status", Integer.toString(key.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Registers a gauge {@code name} (dotted, as {@code herald.db.connections.active}) read from {@code value}. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(Tags.of(tags)).register(registry);
    }

    /** Registers a counter {@code name} whose total {@code total} reads (it must only grow). */
    public void counter(String name, String description, Supplier<Number> total, String... tags) {
        totals.add(total);
        FunctionCounter.builder(name, total, t -> t.get().doubleValue()).description(description)
                .tags(Tags.of(tags)).register(registry);
    }

    /** Every meter in Prometheus' text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
