/**
 * Notify's wire format, free of any HTTP framework: form and query parsing, dates, paging and page URLs, the JSON
 * shapes of resources, and the catalogue of Twilio errors ({@link dev.herald.api.twilio.TwilioError}).
 */
package dev.herald.api.twilio;
