/**
 * Attachments and messages: links an attachment to the message it was sent with, removes the files of deleted
 * messages, and cleans up uploads never sent; all from the conversation topic, with service-support's consumer kit.
 */
package com.staffchat.attachment.linking;
