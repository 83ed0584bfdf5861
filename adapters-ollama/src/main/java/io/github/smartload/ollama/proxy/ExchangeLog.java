package io.github.smartload.ollama.proxy;

/**
 * Logs a finished exchange, one line per request ({@code POST /api/chat phi4:14b 200 812ms
 * (note)}), and counts it in the metrics: the one record of what each client got.
 */
final class ExchangeLog {

  private final ProxyMetrics metrics;
  private final ProxyLog log;

  ExchangeLog(ProxyMetrics metrics, ProxyLog log) {
    this.metrics = metrics;
    this.log = log;
  }

  void finished(
      Exchange exchange, String path, String model, int status, long startedNanos, String note) {
    long millis = (System.nanoTime() - startedNanos) / 1_000_000;
    metrics.request(path, model, status);
    log.info(
        exchange.request.getMethod()
            + " "
            + path
            + " "
            + model
            + " "
            + status
            + " "
            + millis
            + "ms"
            + (note.isEmpty() ? "" : " (" + note + ")"));
  }
}
