package com.staffchat.message;

import io.r2dbc.spi.Parameters;

/** R2DBC needs a typed null; this keeps binds of optional values on one line. */
public final class Nullable {

    private Nullable() {}

    public static Object of(Object value, Class<?> type) {
        return value == null ? Parameters.in(type) : value;
    }
}
