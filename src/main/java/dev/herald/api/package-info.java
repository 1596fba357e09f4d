/**
 * HTTP: the Notify v1 routes on Javalin/Jetty, admission (body limit, Basic authentication) and the one place
 * where any failure becomes Twilio's error JSON ({@link dev.herald.api.Failures}). Handlers parse the request
 * with {@code api.twilio}, call a use case of {@code domain} and render its result; they know no store.
 */
package dev.herald.api;
