package io.github.smartload.proc.violation;

import io.github.smartload.cli.SmartloadMain;
import io.github.smartload.ollama.OllamaHost;
import jakarta.inject.Inject;

/** Test-only classes that break an adapter's rules on purpose, one rule each. */
final class ProcViolations {

  private ProcViolations() {}

  static final class KnowsTheOtherAdapter {
    String host() {
      return OllamaHost.parse("box:1234").toString();
    }
  }

  static final class KnowsTheApp {
    void run() {
      SmartloadMain.main(new String[] {"status"});
    }
  }

  static final class InjectedByAnnotation {
    @Inject
    InjectedByAnnotation() {}
  }
}
