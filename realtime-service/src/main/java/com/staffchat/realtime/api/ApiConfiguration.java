package com.staffchat.realtime.api;

import java.time.InstantSource;

import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.RealtimeProperties;
import com.staffchat.realtime.protocol.ChannelRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes Pusher's HTTP API. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

	@Bean
	RouterFunction<ServerResponse> pusherHttpApi(AppDirectory apps, ChannelRegistry registry,
			RealtimeProperties properties) {
		EventsApi events = new EventsApi(apps, registry, new RequestAuthenticator(InstantSource.system()), properties);
		return RouterFunctions.route()
			.POST("/apps/{appId}/events", events::trigger)
			.POST("/apps/{appId}/batch_events", events::triggerBatch)
			.build();
	}

}
