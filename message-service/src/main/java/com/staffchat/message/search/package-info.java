/**
 * Full-text search over the messages of the conversations the caller is in now ({@code GET /api/v1/search}):
 * PostgreSQL's text search on the generated {@code message.search} vector (V10), ranked, with snippets
 * returned as plain text and match ranges.
 */
package com.staffchat.message.search;
