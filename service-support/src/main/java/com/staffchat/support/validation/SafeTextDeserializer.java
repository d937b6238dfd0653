package com.staffchat.support.validation;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/** Reads every JSON string of a request body as Jackson does, then applies the {@link TextRule}. */
final class SafeTextDeserializer extends StdScalarDeserializer<String> {

    static final SafeTextDeserializer SINGLE_LINE = new SafeTextDeserializer(false);
    static final SafeTextDeserializer MULTILINE = new SafeTextDeserializer(true);

    private final boolean multiline;

    private SafeTextDeserializer(boolean multiline) {
        super(String.class);
        this.multiline = multiline;
    }

    @Override
    public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
        if (property != null && property.getAnnotation(MultilineText.class) != null) {
            return MULTILINE;
        }
        return SINGLE_LINE;
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
        String text = StringDeserializer.instance.deserialize(p, ctxt);
        String violation = TextRule.violation(text, multiline);
        if (violation != null) {
            throw new UnsafeTextException(p, violation);
        }
        return text;
    }

    @Override
    public boolean isCachable() {
        return true;
    }
}
