// Vite resolves `?url` imports to the URL of the emitted asset; declared here because the worker's
// type-check runs without Vite's client types.
declare module '*?url' {
  const url: string;
  export default url;
}
