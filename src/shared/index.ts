export * from './api';
export * from './errors';
export * from './ids';
export * from './limits';
export * from './replication';
export * from './schemas';
export * from './notify';
export * from './ipc';
