// Values the build (scripts/build.mjs) defines in every bundle.

/** package.json's version. */
declare const RCA_VERSION: string;
/** Node flags the language server process is started with. */
declare const SERVER_NODE_FLAGS: readonly string[];
/** Names the engine's code (its version and a hash of server/src/core, the rules and every module they import, scripts/engineSources.mjs): a stored index another engine wrote is not read. */
declare const RCA_ENGINE: string;
