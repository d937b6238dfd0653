package com.staffchat.attachment.upload;

import com.staffchat.attachment.metadata.AttachmentView;
import java.util.List;

/** What an upload answers: the stored attachments, in the order the files were sent. */
public record UploadResult(List<AttachmentView> attachments) {}
