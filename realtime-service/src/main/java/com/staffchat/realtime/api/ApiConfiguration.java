package com.staffchat.realtime.api;

import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.RealtimeProperties;
import com.staffchat.realtime.ops.ApiQuota;
import com.staffchat.realtime.protocol.ChannelRegistry;
import com.staffchat.realtime.protocol.ProtocolProperties;
import java.time.InstantSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes Pusher's HTTP API. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    RouterFunction<ServerResponse> pusherHttpApi(
            AppDirectory apps,
            ChannelRegistry registry,
            RealtimeProperties properties,
            ProtocolProperties protocol,
            ApiQuota quota) {
        InstantSource clock = InstantSource.system();
        SignedRequests requests =
                new SignedRequests(apps, new RequestAuthenticator(clock), quota, properties.maxRequestBytes());
        EventsApi events = new EventsApi(requests, registry, properties, protocol, clock);
        ChannelsApi channels = new ChannelsApi(requests, registry, clock);
        return RouterFunctions.route()
                .POST("/apps/{appId}/events", events::trigger)
                .POST("/apps/{appId}/batch_events", events::triggerBatch)
                .GET("/apps/{appId}/channels", channels::list)
                .GET("/apps/{appId}/channels/{channel}", channels::channel)
                .GET("/apps/{appId}/channels/{channel}/users", channels::users)
                .POST("/apps/{appId}/users/{userId}/terminate_connections", channels::terminateUserConnections)
                .build();
    }
}
