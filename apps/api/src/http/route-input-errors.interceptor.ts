import {
  type ArgumentMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Paramtype,
  type PipeTransform,
  type Type,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/internal';
import { InputInvalid, type FieldError } from '@registry/application';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import type { HttpRequest } from './http-platform';
import { InputPipe } from './input.pipe';

/** One argument of a route as its decorator declared it (Nest's route-arguments metadata). */
interface RouteArgument {
  readonly index: number;
  readonly data?: string;
  readonly pipes?: readonly (PipeTransform | Type<PipeTransform>)[];
  /** Set for a decorator of our own (createParamDecorator), e.g. Context. */
  readonly factory?: (data: unknown, context: ExecutionContext) => unknown;
}

interface RequestPart {
  /** The type the argument's pipes are told, as Nest tells it (headers are "custom"). */
  readonly type: Paramtype;
  readonly of: (request: HttpRequest) => unknown;
  readonly isCaseInsensitive?: boolean;
}

/** What the built-in decorators read, by their paramtype. */
const READ_BY: Partial<Record<RouteParamtypes, RequestPart>> = {
  [RouteParamtypes.BODY]: { type: 'body', of: (request) => request.body },
  [RouteParamtypes.QUERY]: { type: 'query', of: (request) => request.query },
  [RouteParamtypes.PARAM]: { type: 'param', of: (request) => request.params },
  [RouteParamtypes.HEADERS]: { type: 'custom', of: (request) => request.headers, isCaseInsensitive: true },
};

/** The value a built-in decorator hands its pipes: the part, or one field of it. */
const valueOf = (request: HttpRequest, { of, isCaseInsensitive }: RequestPart, data: string | undefined): unknown => {
  const part = of(request) as Record<string, unknown> | undefined;
  if (data === undefined) return part;
  return part?.[isCaseInsensitive ? data.toLowerCase() : data];
};

const metadataOf = (key: string, target: object, property: string): unknown =>
  Reflect.getMetadata(key, target, property) as unknown;

/**
 * One 400 names every bad input of a request: path parameters, query parameters, the headers the route reads and
 * the body. Nest runs each argument's pipes at once and answers with the first that fails; when one fails with
 * invalid input, every argument of the route is checked again, each with its own pipes (the global InputPipe
 * first, as Nest applies them), and all their field errors are answered together. A valid request never comes
 * here: nothing is checked twice on its way.
 */
export class RouteInputErrors implements NestInterceptor {
  private readonly inputPipe = new InputPipe();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) =>
        error instanceof InputInvalid
          ? from(this.allInputErrors(context, error)).pipe(mergeMap((all) => throwError(() => all)))
          : throwError(() => error),
      ),
    );
  }

  /** Every argument's input errors; the error as it was when that finds none (a handler's own, not an input's). */
  private async allInputErrors(context: ExecutionContext, first: InputInvalid): Promise<unknown> {
    try {
      const controller = context.getClass<unknown>();
      const handlerName = context.getHandler().name;
      const argumentsOfRoute = (metadataOf(ROUTE_ARGS_METADATA, controller, handlerName) ?? {}) as Record<
        string,
        RouteArgument
      >;
      const prototype = controller.prototype as object;
      const metatypes = (metadataOf('design:paramtypes', prototype, handlerName) ?? []) as unknown[];
      const errors: FieldError[] = [];
      const ordered = Object.entries(argumentsOfRoute).sort(([, a], [, b]) => a.index - b.index);
      for (const [key, argument] of ordered) {
        errors.push(...(await this.errorsOf(context, key, argument, metatypes[argument.index])));
      }
      return errors.length > 0 ? new InputInvalid(errors) : first;
    } catch {
      // Checking again is only to name more fields; whatever it cannot do, the first error still says.
      return first;
    }
  }

  private async errorsOf(context: ExecutionContext, key: string, argument: RouteArgument, metatype: unknown) {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const builtIn = READ_BY[Number(key.split(':')[0]) as RouteParamtypes];
    const read = argument.factory
      ? () => argument.factory!(argument.data, context)
      : builtIn && (() => valueOf(request, builtIn, argument.data));
    if (!read) return [];
    const metadata: ArgumentMetadata = {
      type: builtIn?.type ?? 'custom',
      metatype: metatype as ArgumentMetadata['metatype'],
      data: argument.data,
    };
    try {
      let value = read();
      for (const pipe of [this.inputPipe, ...(argument.pipes ?? [])]) {
        value = await (typeof pipe === 'function' ? new pipe() : pipe).transform(value, metadata);
      }
      return [];
    } catch (error) {
      if (error instanceof InputInvalid) return error.errors;
      throw error;
    }
  }
}
