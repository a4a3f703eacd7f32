import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useEffect, useRef, useState, type KeyboardEvent, type KeyboardEventHandler, type PointerEventHandler, type ReactNode } from 'react';
import type { JobBoard, JobCard } from '../../../shared/api/jobs';
import type { JobStage } from '../../../shared/events/model';
import { fieldsToCheckWords, jobPriceWords, jobTimeParts, URGENCY_LABELS } from './job-words';

export interface MoveRequest {
  jobId: string;
  stage: JobStage;
  beforeJobId: string | null;
}

interface BoardProps {
  board: JobBoard;
  onMove(move: MoveRequest): void;
  onOpen(jobId: string): void;
}

const columnDropId = (stage: JobStage) => `column:${stage}`;

/** Where a card dropped on `overId` goes: its column, and the card it now stands before. */
export function placementOf(board: JobBoard, activeId: string, overId: string): MoveRequest | null {
  const column = board.columns.find((c) => columnDropId(c.stage) === overId || c.jobs.some((job) => job.jobId === overId));
  if (!column) return null;
  if (columnDropId(column.stage) === overId) return { jobId: activeId, stage: column.stage, beforeJobId: null };
  const ids = column.jobs.map((job) => job.jobId);
  const overIndex = ids.indexOf(overId);
  const activeIndex = ids.indexOf(activeId);
  // Moving down within a column puts it after the card it was dropped on.
  if (activeIndex >= 0 && activeIndex < overIndex) return { jobId: activeId, stage: column.stage, beforeJobId: ids[overIndex + 1] ?? null };
  if (overId === activeId) return null;
  return { jobId: activeId, stage: column.stage, beforeJobId: overId };
}

/** The board with a move made, before the relay has it back (so the card stays where it was put). */
export function boardWithMove(board: JobBoard, move: MoveRequest): JobBoard {
  const card = board.columns.flatMap((c) => c.jobs).find((job) => job.jobId === move.jobId);
  if (!card) return board;
  return {
    columns: board.columns.map((column) => {
      const jobs = column.jobs.filter((job) => job.jobId !== move.jobId);
      if (column.stage !== move.stage) return { ...column, jobs };
      const at = move.beforeJobId === null ? -1 : jobs.findIndex((job) => job.jobId === move.beforeJobId);
      const moved = { ...card, stage: move.stage };
      return { ...column, jobs: at < 0 ? [...jobs, moved] : [...jobs.slice(0, at), moved, ...jobs.slice(at)] };
    }),
  };
}

/**
 * The kanban board: a column per stage; cards dragged by mouse or by keyboard (the grip:
 * Space to lift, arrows to move, Space to drop, Escape to cancel), or moved with "Move to…".
 */
export function JobBoardView({ board, onMove, onOpen }: BoardProps) {
  const [dragged, setDragged] = useState<JobCard | null>(null);
  // Where the lifted card would land: its column is outlined, and another column opens a gap there.
  const [landing, setLanding] = useState<MoveRequest | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const titleOf = (id: string | number) => board.columns.flatMap((c) => c.jobs).find((job) => job.jobId === id)?.title ?? 'the job';
  const whereOf = (id: string | number | undefined) => {
    if (id === undefined) return 'nowhere';
    const column = board.columns.find((c) => columnDropId(c.stage) === id || c.jobs.some((job) => job.jobId === id));
    if (!column) return 'nowhere';
    return columnDropId(column.stage) === id ? `the end of ${column.name}` : `${column.name}, before ${titleOf(id)}`;
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${titleOf(active.id)}.`,
    onDragOver: ({ active, over }) => `${titleOf(active.id)} is over ${whereOf(over?.id)}.`,
    onDragEnd: ({ active, over }) => (over ? `${titleOf(active.id)} was put in ${whereOf(over.id)}.` : `${titleOf(active.id)} was put back.`),
    onDragCancel: ({ active }) => `Moving ${titleOf(active.id)} was cancelled.`,
  };

  function onDragStart(event: DragStartEvent): void {
    setDragged(board.columns.flatMap((c) => c.jobs).find((job) => job.jobId === event.active.id) ?? null);
  }
  function onDragOver(event: DragOverEvent): void {
    setLanding(event.over ? placementOf(board, String(event.active.id), String(event.over.id)) : null);
  }
  function onDragEnd(event: DragEndEvent): void {
    setDragged(null);
    setLanding(null);
    if (!event.over) return;
    const move = placementOf(board, String(event.active.id), String(event.over.id));
    if (!move) return;
    const from = board.columns.find((c) => c.jobs.some((job) => job.jobId === move.jobId));
    const ids = from?.jobs.map((job) => job.jobId) ?? [];
    const index = ids.indexOf(move.jobId);
    // Dropped where it already was: nothing to post.
    if (from?.stage === move.stage && (ids[index + 1] ?? null) === move.beforeJobId) return;
    onMove(move);
  }

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCorners}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        setDragged(null);
        setLanding(null);
      }}
      accessibility={{
        announcements,
        screenReaderInstructions: { draggable: 'To move this job, press Space or Enter. Use the arrow keys to move it between columns and up or down. Press Space or Enter again to put it down, or Escape to cancel.' },
      }}
    >
      <div className="job-board" data-testid="job-board">
        {board.columns.map((column) => (
          <JobColumn
            key={column.stage}
            column={column}
            stages={board.columns}
            onMove={onMove}
            onOpen={onOpen}
            landing={landing && landing.stage === column.stage ? { beforeJobId: landing.beforeJobId, fromElsewhere: dragged !== null && dragged.stage !== column.stage } : null}
          />
        ))}
      </div>
      <DragOverlay>{dragged ? <CardBody card={dragged} overlay /> : null}</DragOverlay>
    </DndContext>
  );
}

function JobColumn({
  column,
  stages,
  onMove,
  onOpen,
  landing,
}: {
  column: JobBoard['columns'][number];
  stages: JobBoard['columns'];
  onMove(move: MoveRequest): void;
  onOpen(jobId: string): void;
  landing: { beforeJobId: string | null; fromElsewhere: boolean } | null;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(column.stage) });
  const headingId = `job-column-${column.stage}`;
  // A line where the card will land (not a gap that moves the cards: that would move the drop target under the pointer).
  const landsAtEnd = landing?.fromElsewhere === true && landing.beforeJobId === null;
  return (
    <section className={`job-column${isOver || landing ? ' is-over' : ''}`} aria-labelledby={headingId} data-testid={`job-column-${column.stage}`}>
      <h2 id={headingId} className="job-column__title">
        {column.name} <span className="count">{column.jobs.length}</span>
      </h2>
      <SortableContext id={column.stage} items={column.jobs.map((job) => job.jobId)} strategy={verticalListSortingStrategy}>
        <ol ref={setNodeRef} className="job-column__cards" aria-label={column.name}>
          {column.jobs.map((card) => (
            <SortableCard key={card.jobId} card={card} stages={stages} onMove={onMove} onOpen={onOpen} landsBefore={landing?.fromElsewhere === true && landing.beforeJobId === card.jobId} />
          ))}
          {column.jobs.length === 0 ? <li className="job-column__empty">No jobs here. Drag one in.</li> : null}
          {landsAtEnd ? <li className="job-card-landing" aria-hidden="true" data-testid="job-card-landing" /> : null}
        </ol>
      </SortableContext>
    </section>
  );
}

function SortableCard({ card, stages, onMove, onOpen, landsBefore }: { card: JobCard; stages: JobBoard['columns']; onMove(move: MoveRequest): void; onOpen(jobId: string): void; landsBefore: boolean }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: card.jobId });
  const style = { transform: CSS.Transform.toString(transform), transition };
  // The mouse drags the whole card; the keyboard lifts it by its grip (buttons inside keep their keys).
  const { onKeyDown, onPointerDown } = (listeners ?? {}) as { onKeyDown?: KeyboardEventHandler; onPointerDown?: PointerEventHandler };
  return (
    <li ref={setNodeRef} style={style} className={`job-card${isDragging ? ' is-dragging' : ''}${landsBefore ? ' is-landing-before' : ''}`} data-testid="job-card" data-job-id={card.jobId} onPointerDown={onPointerDown}>
      <CardBody
        card={card}
        grip={
          <button ref={setActivatorNodeRef} type="button" className="job-card__grip" {...attributes} aria-roledescription="movable job" aria-label={`Move ${card.title}`} onKeyDown={onKeyDown} data-testid="job-card-grip">
            <span aria-hidden="true">⠿</span>
          </button>
        }
        actions={<MoveMenu card={card} stages={stages} onMove={onMove} />}
        onOpen={() => onOpen(card.jobId)}
      />
    </li>
  );
}

function CardBody({ card, grip, actions, onOpen, overlay = false }: { card: JobCard; grip?: ReactNode; actions?: ReactNode; onOpen?: () => void; overlay?: boolean }) {
  const time = jobTimeParts(card.scheduledStart, card.scheduledEnd);
  const price = jobPriceWords(card);
  const check = fieldsToCheckWords(card.unreviewedFields);
  return (
    <div className={`job-card__body${overlay ? ' job-card__body--overlay' : ''}`}>
      <div className="job-card__head">
        {grip}
        {onOpen ? (
          <button type="button" className="job-card__title" onClick={onOpen} data-testid="job-card-open">
            {card.title}
          </button>
        ) : (
          <strong className="job-card__title">{card.title}</strong>
        )}
      </div>
      {card.urgency && card.urgency !== 'routine' ? (
        <p className="job-card__urgency">
          <span className={`badge job-urgency job-urgency--${card.urgency}`}>{URGENCY_LABELS[card.urgency]}</span>
        </p>
      ) : null}
      {card.customerName ? <p className="job-card__line">{card.customerName}</p> : null}
      {card.address ? (
        <p className="job-card__line job-card__address muted" title={card.address}>
          {card.address}
        </p>
      ) : null}
      <p className="job-card__meta">
        {time ? (
          <span className="job-card__time">
            <span className="job-card__time-part">{time.day}</span>
            {time.hours ? (
              <>
                {', '}
                <span className="job-card__time-part">{time.hours}</span>
              </>
            ) : null}
          </span>
        ) : (
          <span className="muted">No time yet</span>
        )}
        {price ? <span className="job-card__price">{price}</span> : null}
      </p>
      <div className="job-card__foot">
        {check ? <span className="badge job-check" data-testid="job-card-check">{check}</span> : null}
        {card.photoCount > 0 ? <span className="hint">{card.photoCount === 1 ? '1 photo' : `${card.photoCount} photos`}</span> : null}
        <span className="hint job-card__origin">{card.origin}</span>
        {actions}
      </div>
    </div>
  );
}

/** "Move to…": each other stage, and up or down in this one, without dragging. */
function MoveMenu({ card, stages, onMove }: { card: JobCard; stages: JobBoard['columns']; onMove(move: MoveRequest): void }) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const close = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && event.target !== button.current) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);
  const column = stages.find((c) => c.stage === card.stage);
  const ids = column?.jobs.map((job) => job.jobId) ?? [];
  const index = ids.indexOf(card.jobId);
  const choices: { label: string; move: MoveRequest }[] = [
    ...(index > 0 ? [{ label: 'Up one', move: { jobId: card.jobId, stage: card.stage, beforeJobId: ids[index - 1]! } }] : []),
    ...(index >= 0 && index < ids.length - 1 ? [{ label: 'Down one', move: { jobId: card.jobId, stage: card.stage, beforeJobId: ids[index + 2] ?? null } }] : []),
    ...stages.filter((c) => c.stage !== card.stage).map((c) => ({ label: c.name, move: { jobId: card.jobId, stage: c.stage, beforeJobId: null } })),
  ];
  function onKeyDown(event: KeyboardEvent): void {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  }
  return (
    <div className="move-menu">
      <button ref={button} type="button" className="button button--quiet move-menu__button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="job-move-to">
        Move to…
      </button>
      {open ? (
        <div ref={menu} role="menu" aria-label={`Move ${card.title} to`} className="move-menu__list" onKeyDown={onKeyDown}>
          {choices.map((choice) => (
            <button
              key={choice.label}
              type="button"
              role="menuitem"
              className="move-menu__item"
              onClick={() => {
                setOpen(false);
                onMove(choice.move);
              }}
            >
              {choice.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
