/** Downloads: short-lived presigned S3 URLs that always save the file (attachment disposition), never render it. */
package com.staffchat.attachment.download;
