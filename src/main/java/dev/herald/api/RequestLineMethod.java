package dev.herald.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Every request is routed by the method of its request line. Javalin routes by {@code X-HTTP-Method-Override}
 * when a request carries it (a GET saying {@code DELETE} deleted a Service), and offers no setting to stop it, so
 * this filter hides that header from Javalin; requests without it pass unwrapped.
 *
 * <p>A {@code CONNECT} (Herald is no proxy; it is answered 401 or 405 like any other method) closes its
 * connection: Jetty reads whatever follows a CONNECT as its tunnel, so the connection would otherwise stay open,
 * idle, even when the client asked for {@code Connection: close}.
 */
final class RequestLineMethod implements Filter {
    static final String OVERRIDE = "X-HTTP-Method-Override";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if ("CONNECT".equals(http.getMethod())) {
            ((HttpServletResponse) response).setHeader("Connection", "close");
        }
        chain.doFilter(http.getHeader(OVERRIDE) == null ? request : new WithoutOverride(http), response);
    }

    /** The request as if it had no {@code X-HTTP-Method-Override} header. */
    private static final class WithoutOverride extends HttpServletRequestWrapper {
        WithoutOverride(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return OVERRIDE.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return OVERRIDE.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(OVERRIDE::equalsIgnoreCase);
            return Collections.enumeration(names);
        }
    }
}
