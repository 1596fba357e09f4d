package dev.herald.testing;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.http.impl.client.HttpClientBuilder;

/**
 * The official Twilio Java library pointed at a {@link TestHerald}: an {@code HttpClient} that rewrites
 * {@code https://notify.twilio.com} (and {@code https://api.twilio.com}, where the key resource lives) to the test
 * server, keeping path, query, form body, headers and auth.
 */
public final class TwilioSdk {
    private TwilioSdk() {
    }

    public static TwilioRestClient client(TestHerald herald) {
        return client(herald, herald.accountSid(), herald.authToken());
    }

    public static TwilioRestClient client(TestHerald herald, String accountSid, String authToken) {
        return new TwilioRestClient.Builder(accountSid, authToken)
                .httpClient(new Rewriting(herald.baseUrl(), Map.of()))
                .build();
    }

    /** A client that authenticates with an API key, as {@code Builder(keySid, keySecret).accountSid(ac)} does. */
    public static TwilioRestClient keyClient(TestHerald herald, String keySid, String keySecret, String accountSid) {
        return new TwilioRestClient.Builder(keySid, keySecret).accountSid(accountSid)
                .httpClient(new Rewriting(herald.baseUrl(), Map.of()))
                .build();
    }

    /** {@link #client(TestHerald)} whose every {@link Request} also carries the header {@code name}: {@code value}. */
    public static TwilioRestClient withHeader(TestHerald herald, String name, String value) {
        return new TwilioRestClient.Builder(herald.accountSid(), herald.authToken())
                .httpClient(new Rewriting(herald.baseUrl(), Map.of(name, value)))
                .build();
    }

    /**
     * The Twilio SDK client of an account of a server at {@code baseUrl} ({@code https://localhost:<port>}), over
     * TLS trusting what {@code tls} trusts.
     */
    public static TwilioRestClient overTls(String baseUrl, String accountSid, String authToken, SSLContext tls) {
        return new TwilioRestClient.Builder(accountSid, authToken)
                .httpClient(new Rewriting(baseUrl, Map.of(), HttpClientBuilder.create().setSSLContext(tls)))
                .build();
    }

    /** Rewrites every request's scheme and host to {@code target}, adding {@code headers} to its Request. */
    static final class Rewriting extends NetworkHttpClient {
        private final String target;
        private final Map<String, String> headers;

        Rewriting(String target, Map<String, String> headers) {
            this.target = target;
            this.headers = headers;
        }

        Rewriting(String target, Map<String, String> headers, HttpClientBuilder builder) {
            super(builder);
            this.target = target;
            this.headers = headers;
        }

        @Override
        public Response makeRequest(Request request) {
            String url = request.getUrl().replaceFirst("^https://(notify|api)(\\.[a-z0-9-]+)*\\.twilio\\.com", target);
            Request copy = new Request(request.getMethod(), url);
            copy(request.getQueryParams(), copy::addQueryParam);
            copy(request.getPostParams(), copy::addPostParam);
            copy(request.getHeaderParams(), copy::addHeaderParam);
            headers.forEach(copy::addHeaderParam);
            copy.setContentType(request.getContentType());
            if (request.getBody() != null) {
                copy.setBody(request.getBody());
            }
            if (request.getAuthStrategy() != null) {
                copy.setAuth(request.getAuthStrategy());
            } else if (request.getUsername() != null) {
                copy.setAuth(request.getUsername(), request.getPassword());
            }
            return super.makeRequest(copy);
        }

        private static void copy(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
            from.forEach((key, values) -> values.forEach(value -> to.accept(key, value)));
        }
    }
}
