export * from './model';
export * from './upcast';
