/** The model runtime over Ollama's HTTP API, with OkHttp and Moshi. */
package io.github.smartload.ollama;
