/**
 * The centre: Notify's records (Service, Credential, Binding, Account), its rules, the use cases that apply them
 * ({@link dev.herald.domain.Services}, {@link dev.herald.domain.Credentials}, {@link dev.herald.domain.Bindings},
 * {@link dev.herald.domain.Accounts}), and the interfaces of the stores they need (the ports), with their value
 * types ({@link dev.herald.domain.BindingFilter}, {@link dev.herald.domain.PageRequest},
 * {@link dev.herald.domain.Slice}). Failures are the {@link dev.herald.domain.DomainException} family (the
 * caller's mistakes, as data) and {@link dev.herald.domain.StoreException} (the store's).
 *
 * <p>Imports the JDK only: no framework, no other Herald package. Everything else points here.
 */
package dev.herald.domain;
