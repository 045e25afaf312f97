// The part of autocannon's API the benchmarks use.
declare module 'autocannon' {
  interface Result {
    requests: { average: number };
    latency: { p99: number; average: number };
    errors: number;
    non2xx: number;
  }
  export default function autocannon(options: { url: string; connections: number; duration: number; headers?: Record<string, string> }): Promise<Result>;
}
