import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifySchemaCompiler } from 'fastify';

type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type SerializerFactory = SerializerSelector.SerializerFactory;

/**
 * Route validators and serializers compiled when first used, or by `warmUp`, rather than all at
 * start: compiling about two hundred schemas was a third of a warm restart, and a shop's server
 * should answer /health before it has built the code of routes nobody has called yet. One per
 * application, so two apps in one process never share their pending work.
 */
export interface LazyCompilers {
  validator<S>(compile: FastifySchemaCompiler<S>): FastifySchemaCompiler<S>;
  /** Fastify's own serializer factory (fast-json-stringify), compiling lazily. */
  buildSerializer: SerializerFactory;
  /**
   * Compiles what is not yet compiled (`validators`: request validators only; `all`: response
   * serializers too), one schema per turn of the event loop so requests interleave; resolves
   * with how many were compiled. A schema that cannot compile rejects.
   */
  warmUp(what?: 'validators' | 'all'): Promise<number>;
}

export function lazyCompilers(): LazyCompilers {
  const pending = { validators: new Set<() => unknown>(), serializers: new Set<() => unknown>() };

  /** The compiled function, built on the first call; until then it waits in `waiting`. */
  const lazily = <F>(waiting: Set<() => unknown>, build: () => F): (() => F) => {
    let compiled: F | undefined;
    const force = (): F => {
      if (compiled === undefined) {
        compiled = build();
        waiting.delete(force);
      }
      return compiled;
    };
    waiting.add(force);
    return force;
  };

  return {
    validator: (compile) => (route) => {
      const validate = lazily(pending.validators, () => compile(route) as Validate);
      // Fastify reads `errors` off the function it was given after a `false`.
      const proxy: Validate = (data) => {
        const own = validate();
        const valid = own(data);
        proxy.errors = own.errors;
        return valid;
      };
      return proxy as ReturnType<typeof compile>;
    },
    buildSerializer: (externalSchemas, options) => {
      const eager = SerializerSelector()(externalSchemas, options);
      return (route) => {
        const serialize = lazily(pending.serializers, () => eager(route));
        return (data) => serialize()(data);
      };
    },
    warmUp: async (what = 'all') => {
      let count = 0;
      const sets =
        what === 'all' ? [pending.validators, pending.serializers] : [pending.validators];
      for (const waiting of sets) {
        for (const force of [...waiting]) {
          await new Promise((resolve) => setImmediate(resolve));
          if (!waiting.has(force)) continue;
          force();
          count++;
        }
      }
      return count;
    },
  };
}
