// Values the build (scripts/build.mjs) defines in every bundle.

/** package.json's version. */
declare const RCA_VERSION: string;
/** Node flags the language server process is started with. */
declare const SERVER_NODE_FLAGS: readonly string[];
