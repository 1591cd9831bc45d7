export * from './attachments';
export * from './content';
export * from './rooms';
export * from './time';
export * from './unread';
export * from './wire';
export * from './actions';
export * from './albums';
