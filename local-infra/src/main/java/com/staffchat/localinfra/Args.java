package com.staffchat.localinfra;

import java.util.HashMap;
import java.util.Map;

/** The tiny flag parser of the local-infra mains: {@code --name value} or {@code --name=value}. */
final class Args {

    private Args() {}

    static Map<String, String> parse(String[] args, Map<String, String> defaults, String usage) {
        Map<String, String> options = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println("Usage: " + usage);
                System.exit(0);
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                name = arg;
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'. Usage: " + usage);
            }
            if (!defaults.containsKey(name)) {
                throw new IllegalArgumentException("Unknown option '" + name + "'. Usage: " + usage);
            }
            options.put(name, value);
        }
        return options;
    }

    static int port(Map<String, String> options, String name) {
        String value = options.get(name);
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a port number, not " + port);
        }
        return port;
    }
}
