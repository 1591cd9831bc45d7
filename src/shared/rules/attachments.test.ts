import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES, THUMBNAIL_MAX_CHARS, VOICE_DURATION_BOUND_MS } from '../limits';
import type { MessageAttachment } from '../schemas/message';
import {
  attachmentKindFor,
  attachmentNameProblem,
  durationProblem,
  isAllowedMime,
  isValidMessageBody,
  locationProblem,
  messageBodyProblem,
  mimeKindProblem,
  normalizeAttachment,
  thumbnailProblem,
} from './attachments';
import { messageContentProblem } from './content';

const THUMB = 'data:image/webp;base64,UklGRh4AAABXRUJQVlA4TBEAAAAvAAAAAAfQ//73v/+BiOh/AAA=';
const photo: MessageAttachment = {
  id: 'att1', name: 'stain.jpg', mime: 'image/jpeg', size: 1234, width: 800, height: 600, duration_ms: null, thumbnail: THUMB,
};
const voice: MessageAttachment = { ...photo, name: 'voice.webm', mime: 'audio/webm', width: null, height: null, duration_ms: 12_000, thumbnail: null };
const pdf: MessageAttachment = { ...photo, name: 'invoice.pdf', mime: 'application/pdf', width: null, height: null, thumbnail: null };

describe('attachments and locations', () => {
  it('content: text needs 1 character, the other kinds take an empty caption', () => {
    expect(messageContentProblem('   ')).toBe('message is empty');
    expect(messageContentProblem('', 'image')).toBeNull();
    expect(messageContentProblem('', 'location')).toBeNull();
    expect(messageContentProblem('x'.repeat(4001), 'file')).toMatch(/more than 4000/);
  });

  it('types: an allow-list, photos are images and voice notes audio, files anything allowed', () => {
    expect(isAllowedMime('image/jpeg')).toBe(true);
    expect(isAllowedMime('application/x-msdownload')).toBe(false);
    expect(isAllowedMime('image/svg+xml')).toBe(false);
    expect(mimeKindProblem('application/pdf', 'image')).toMatch(/image/);
    expect(mimeKindProblem('image/png', 'voice')).toMatch(/audio/);
    expect(mimeKindProblem('image/png', 'file')).toBeNull();
    expect(attachmentKindFor('image/webp')).toBe('image');
    expect(attachmentKindFor('application/pdf')).toBe('file');
  });

  it('names: visible, no path, no direction overrides, at most 255 characters', () => {
    expect(attachmentNameProblem('report.pdf')).toBeNull();
    expect(attachmentNameProblem('../etc/passwd')).toMatch(/\//);
    expect(attachmentNameProblem('a\\b')).toMatch(/\\/);
    expect(attachmentNameProblem('invoice\u202Egpj.exe')).toMatch(/direction/);
    expect(attachmentNameProblem(' ')).toMatch(/visible/);
    expect(attachmentNameProblem('x'.repeat(256))).toMatch(/255/);
  });

  it('thumbnails: a base64 image data URL of at most 8 KiB', () => {
    expect(thumbnailProblem(THUMB)).toBeNull();
    expect(thumbnailProblem('data:image/svg+xml;base64,PHN2Zz4=')).toMatch(/data URL/);
    expect(thumbnailProblem('https://example.com/x.jpg')).toMatch(/data URL/);
    const big = `data:image/jpeg;base64,${'A'.repeat(THUMBNAIL_MAX_CHARS)}`;
    expect(thumbnailProblem(big)).toMatch(/8192/);
  });

  it('durations: whole milliseconds up to five minutes and a margin', () => {
    expect(durationProblem(12_000)).toBeNull();
    expect(durationProblem(VOICE_DURATION_BOUND_MS)).toBeNull();
    for (const bad of [0, -1, 1.5, VOICE_DURATION_BOUND_MS + 1, Number.NaN]) expect(durationProblem(bad), String(bad)).not.toBeNull();
  });

  it('locations: degrees in range, a short label or none', () => {
    expect(locationProblem({ lat: 52.37, lng: 4.89, label: 'Back entrance' })).toBeNull();
    expect(locationProblem({ lat: 0, lng: 0, label: '' })).toBeNull();
    expect(locationProblem({ lat: 91, lng: 0, label: '' })).toMatch(/lat/);
    expect(locationProblem({ lat: 0, lng: -180.5, label: '' })).toMatch(/lng/);
    expect(locationProblem({ lat: Number.NaN, lng: 0, label: '' })).toMatch(/lat/);
    expect(locationProblem({ lat: 0, lng: 0, label: 'x'.repeat(201) })).toMatch(/200/);
    expect(locationProblem({ lat: 0, lng: 0, label: 'a\u0000b' })).toMatch(/control/);
  });

  it('a message carries exactly what its kind needs', () => {
    const body = { content: '', attachment: null, location: null };
    expect(isValidMessageBody({ ...body, kind: 'text', content: 'hi' })).toBe(true);
    expect(isValidMessageBody({ ...body, kind: 'image', attachment: photo, content: 'Before' })).toBe(true);
    expect(isValidMessageBody({ ...body, kind: 'voice', attachment: voice })).toBe(true);
    expect(isValidMessageBody({ ...body, kind: 'file', attachment: pdf })).toBe(true);
    expect(isValidMessageBody({ ...body, kind: 'location', location: { lat: 1, lng: 2, label: '' } })).toBe(true);
    expect(messageBodyProblem({ ...body, kind: 'image' })).toMatch(/carries an attachment/);
    expect(messageBodyProblem({ ...body, kind: 'text', content: 'hi', attachment: photo })).toMatch(/no attachment/);
    expect(messageBodyProblem({ ...body, kind: 'location' })).toMatch(/carries a location/);
    expect(messageBodyProblem({ ...body, kind: 'text', content: 'hi', location: { lat: 1, lng: 2, label: '' } })).toMatch(/no location/);
    expect(messageBodyProblem({ ...body, kind: 'image', attachment: { ...photo, width: null } })).toMatch(/width/);
    expect(messageBodyProblem({ ...body, kind: 'voice', attachment: { ...voice, duration_ms: null } })).toMatch(/duration/);
    expect(messageBodyProblem({ ...body, kind: 'image', attachment: pdf })).toMatch(/image/);
    expect(messageBodyProblem({ ...body, kind: 'file', attachment: { ...pdf, size: ATTACHMENT_MAX_BYTES + 1 } })).toMatch(/size/);
  });

  it('normalises the stored form: one field order, the name trimmed and NFC', () => {
    const shuffled = { thumbnail: null, size: 1, mime: 'application/pdf', name: ' Cafe\u0301.pdf ', id: 'x', width: null, height: null, duration_ms: null };
    const normal = normalizeAttachment(shuffled);
    expect(Object.keys(normal)).toEqual(['id', 'name', 'mime', 'size', 'width', 'height', 'duration_ms', 'thumbnail']);
    expect(normal.name).toBe('Caf\u00e9.pdf');
  });
});
