import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

// Sandboxed preload: only `electron` may be required, everything else is bundled in.
contextBridge.exposeInMainWorld('cleanchat', createBridge(ipcRenderer, process.argv, process.platform));
