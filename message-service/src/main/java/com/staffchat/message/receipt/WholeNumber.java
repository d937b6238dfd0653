package com.staffchat.message.receipt;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * A JSON integer that fits a long, and nothing else: Jackson would otherwise read {@code "5"} and
 * {@code 5.7} as 5. A string, a fraction or a number beyond a long fails the request with 400.
 */
final class WholeNumber extends StdScalarDeserializer<Long> {

    WholeNumber() {
        super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return (Long) ctxt.handleUnexpectedToken(Long.class, p);
        }
        if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
            return (Long) ctxt.handleWeirdNumberValue(Long.class, p.getNumberValue(), "beyond a 64-bit integer");
        }
        return p.getLongValue();
    }
}
