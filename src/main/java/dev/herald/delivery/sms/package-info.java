/** The SMS channel (a Twilio-compatible Messages API). */
package dev.herald.delivery.sms;
