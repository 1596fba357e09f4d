/** The FCM HTTP v1 channel (google-auth-library for OAuth2 tokens). */
package dev.herald.delivery.fcm;
