// The log stream shapes as the server defines them (domain/log-streams/log-streams.types.ts).
export type {
  ContentFormat,
  LogStream,
  LogStreamCategory,
  LogStreamType,
  LogStreamWithSecret,
} from '../../../../src/domain/log-streams/log-streams.types';
export { CONTENT_FORMATS, LOG_STREAM_CATEGORIES } from '../../../../src/domain/log-streams/log-streams.types';
