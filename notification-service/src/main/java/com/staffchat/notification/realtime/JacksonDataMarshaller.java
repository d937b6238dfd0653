package com.staffchat.notification.realtime;

import com.pusher.rest.marshaller.DataMarshaller;
import tools.jackson.databind.json.JsonMapper;

/** Event data as JSON written by Jackson, so numbers stay numbers (64-bit ids) and nulls stay null. */
final class JacksonDataMarshaller implements DataMarshaller {

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public String marshal(Object data) {
        return json.writeValueAsString(data);
    }
}
