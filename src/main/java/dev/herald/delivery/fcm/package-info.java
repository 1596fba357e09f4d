/**
 * The FCM HTTP v1 channel for fcm and gcm Bindings: the JDK's HTTP/2 client, OAuth2 access tokens from
 * google-auth-library; with its siblings, the only packages that may import a push provider's library.
 */
package dev.herald.delivery.fcm;
