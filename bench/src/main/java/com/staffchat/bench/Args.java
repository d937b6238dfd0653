package com.staffchat.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name value} options over defaults; an unknown option or a missing value is an error. */
final class Args {

    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    static Args parse(String[] args, Map<String, String> defaults, String usage) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("unknown option " + name + "\nusage: " + usage);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value\nusage: " + usage);
            }
            values.put(name, args[++i]);
        }
        return new Args(values);
    }

    String text(String name) {
        return values.get(name);
    }

    int positive(String name) {
        int value;
        try {
            value = Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + values.get(name) + "'");
        }
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }

    int zeroOrMore(String name) {
        int value;
        try {
            value = Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + values.get(name) + "'");
        }
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
        return value;
    }

    boolean bool(String name) {
        String value = values.get(name);
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
