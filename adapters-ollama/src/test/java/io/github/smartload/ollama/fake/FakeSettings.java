package io.github.smartload.ollama.fake;

import java.time.Duration;

/**
 * How the fake server answers: its version, the keep-alive and context a request gets when it sets
 * none (Ollama's {@code OLLAMA_KEEP_ALIVE} and default {@code num_ctx}), how long a load takes, and
 * a streamed answer's lines, their gap and their text.
 */
record FakeSettings(
    String version,
    Duration defaultKeepAlive,
    Duration loadDelay,
    int defaultContext,
    int streamChunks,
    Duration streamGap,
    String answer) {}
