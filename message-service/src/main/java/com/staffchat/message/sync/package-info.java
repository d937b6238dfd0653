/**
 * Catching up after being offline ({@code GET /api/v1/sync}): every change that concerns the caller since a cursor,
 * read from the change stamps (V9's {@code changed_xid}) of the rows themselves, a page at a time.
 */
package com.staffchat.message.sync;
