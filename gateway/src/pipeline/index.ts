export { MessagePipeline, type PipelineCounters } from './message-pipeline.js';
