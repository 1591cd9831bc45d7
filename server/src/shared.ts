/** The contract shared with the app: the server imports src/shared only through this file. */
export * from '../../src/shared/index';
