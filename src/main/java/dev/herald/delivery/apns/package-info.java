/** The APNs channel (Pushy): the only package besides its siblings that may import a push provider's library. */
package dev.herald.delivery.apns;
