export * from './pyplot';
