/**
 * The attachment row: its repository, its client view, and the public entry that finds an attachment for a
 * caller (tenancy and participation) and deletes it. Upload, download, thumbnails and linking build on it.
 */
package com.staffchat.attachment.metadata;
