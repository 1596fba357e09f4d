/** A small Netty HTTP/1.1 keep-alive client, shared by the SMS channel and the delivery callbacks. */
package dev.herald.delivery.http;
