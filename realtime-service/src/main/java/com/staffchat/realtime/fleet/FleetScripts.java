package com.staffchat.realtime.fleet;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/** The Lua scripts that change shared state; each runs atomically in Redis. */
final class FleetScripts {

    static final RedisScript<String> JOIN = script("join.lua", String.class);

    static final RedisScript<String> LEAVE = script("leave.lua", String.class);

    static final RedisScript<Long> PROMOTE = script("promote.lua", Long.class);

    static final RedisScript<String> RECORD = script("record.lua", String.class);

    static final RedisScript<String> TAKE = script("take.lua", String.class);

    static final RedisScript<Long> VIEWING = script("viewing.lua", Long.class);

    static final RedisScript<Long> SIGN_IN = script("signin.lua", Long.class);

    static final RedisScript<Long> LEAD = script("lead.lua", Long.class);

    static final RedisScript<Long> HEARTBEAT = script("heartbeat.lua", Long.class);

    static final RedisScript<Long> RELEASE = script("release.lua", Long.class);

    private FleetScripts() {}

    private static <T> RedisScript<T> script(String name, Class<T> type) {
        return RedisScript.of(new ClassPathResource("com/staffchat/realtime/fleet/" + name), type);
    }
}
