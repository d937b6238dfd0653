package com.staffchat.realtime.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** The apps listed under {@code staffchat.realtime.apps}. */
@Component
class ConfiguredAppDirectory implements AppDirectory {

	private final Map<String, App> byKey;

	private final Map<String, App> byId;

	ConfiguredAppDirectory(RealtimeProperties properties) {
		List<App> apps = properties.apps().stream()
			.map(app -> new App(app.id(), app.key(), app.secret()))
			.toList();
		this.byKey = index(apps, App::key, "key");
		this.byId = index(apps, App::id, "id");
	}

	private static Map<String, App> index(List<App> apps, Function<App, String> field, String name) {
		return apps.stream().collect(Collectors.toUnmodifiableMap(field, Function.identity(), (first, second) -> {
			throw new IllegalArgumentException("Two apps share the " + name + " '" + field.apply(first)
					+ "' in staffchat.realtime.apps");
		}));
	}

	@Override
	public Optional<App> byKey(String key) {
		return Optional.ofNullable(key).map(byKey::get);
	}

	@Override
	public Optional<App> byId(String id) {
		return Optional.ofNullable(id).map(byId::get);
	}

}
