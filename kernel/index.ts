/** The tsdl Jupyter kernel: `startKernel(connectionFile)` and the kernelspec installer. */
export { startKernel } from './kernel';
export { installKernelspec, uninstallKernelspec, kernelspecDir, type InstallTarget } from './kernelspec';
export { startJupyter } from './start_jupyter';
