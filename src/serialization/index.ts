export { save, load, weightsPathFor } from './save_load';
export type { Saveable } from './tree_codec';
export { FileIOHandler, registerFileIOHandler, useNativeFileHandler } from './file_io_handler';
