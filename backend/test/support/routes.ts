import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, SSE_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_KEY, AccessRule } from '../../src/platform/auth/decorators';

export interface RouteInfo {
  method: string;
  path: string;
  handler: string;
  rule: AccessRule | undefined;
  /** A Server-Sent Events stream (@Sse): the response stays open. */
  sse: boolean;
}

function join(...parts: Array<string | undefined>): string {
  return (
    '/' +
    parts
      .filter((p) => p && p !== '/')
      .map((p) => p!.replace(/^\/|\/$/g, ''))
      .filter(Boolean)
      .join('/')
  );
}

/** Every HTTP route of the running application, read from Nest's own metadata (no hand-kept list). */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const modules = app.get(ModulesContainer);
  const scanner = new MetadataScanner();
  const reflector = app.get(Reflector);
  const routes: RouteInfo[] = [];
  const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const controllerPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler);
      if (methodPath === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, wrapper.metatype]);
      for (const cp of controllerPaths) {
        for (const mp of ([] as string[]).concat(methodPath)) {
          routes.push({
            method,
            path: join('api', cp, mp),
            handler: `${wrapper.metatype.name}.${name}`,
            rule,
            sse: !!Reflect.getMetadata(SSE_METADATA, handler),
          });
        }
      }
    }
  }
  return routes;
}

/** Fills route parameters with well-formed values so the request reaches the guard and beyond. */
export function concretePath(path: string): string {
  return path
    .replace(/:id\b/g, '00000000-0000-4000-8000-000000000000')
    .replace(/:code\b/g, 'sex')
    .replace(/:(\w+)/g, 'x');
}
