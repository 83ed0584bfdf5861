package io.github.smartload.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.squareup.moshi.Moshi;
import io.github.smartload.core.load.Sleeper;
import java.time.Clock;

/** The application's own bindings: the environment it runs in, time, and the one Moshi. */
final class SmartloadModule extends AbstractModule {

  private final Environment env;

  SmartloadModule(Environment env) {
    this.env = env;
  }

  @Override
  protected void configure() {
    bind(Environment.class).toInstance(env);
    bind(Clock.class).toInstance(Clock.systemUTC());
    bind(Sleeper.class).toInstance(Sleeper.THREAD);
  }

  @Provides
  @Singleton
  Moshi moshi() {
    return new Moshi.Builder().build();
  }
}
